"""The learning app's only write path, used as one module: `from inservice.learning import services`.

- `authoring`: courses, modules, quizzes and programs, by the owner team's leads and administrators;
- `assigning`: assignments by hand and by rule, telling people, reminders;
- `taking`: modules done, quiz attempts, courses and programs completed;
- `reflecting`: the private self-assessment.
"""

from inservice.learning.services._common import target_path
from inservice.learning.services.assigning import (
    OVERDUE,
    SOON,
    Assigned,
    RuleDraft,
    add_rule,
    assign,
    assign_new_hire,
    assign_new_member,
    end_rule,
    remind,
    reminders_due,
    tell_assigned,
)
from inservice.learning.services.authoring import (
    Heading,
    ModuleDraft,
    add_module,
    create_course,
    create_program,
    delete_module,
    heading_problems,
    module_problems,
    move_module,
    quiz_problems,
    set_course_published,
    set_program_courses,
    set_program_published,
    set_quiz,
    update_course,
    update_module,
    update_program,
)
from inservice.learning.services.reflecting import reflection_problems, save_reflection
from inservice.learning.services.taking import (
    Done,
    answer_quiz,
    closed_message,
    complete_module,
    completed_at,
    start_attempt,
    submit_attempt,
)

__all__ = [
    "OVERDUE",
    "SOON",
    "Assigned",
    "Done",
    "Heading",
    "ModuleDraft",
    "RuleDraft",
    "add_module",
    "add_rule",
    "answer_quiz",
    "assign",
    "assign_new_hire",
    "assign_new_member",
    "closed_message",
    "complete_module",
    "completed_at",
    "create_course",
    "create_program",
    "delete_module",
    "end_rule",
    "heading_problems",
    "module_problems",
    "move_module",
    "quiz_problems",
    "reflection_problems",
    "remind",
    "reminders_due",
    "save_reflection",
    "set_course_published",
    "set_program_courses",
    "set_program_published",
    "set_quiz",
    "start_attempt",
    "submit_attempt",
    "target_path",
    "tell_assigned",
    "update_course",
    "update_module",
    "update_program",
]
