"""The starter library: internal-service courses written for Inservice, in two programs.

- "Internal service essentials" (`essentials`): who our internal customers are, promises we
  keep, using Inservice well; for everyone new.
- "Agent fundamentals" (`agent`): active listening, empathy, managing expectations, following
  through; for everyone who serves from a queue.

`install` writes it through learning.services as an author of the owner team would; the demo
organisation ships with it, and a real one can start from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from inservice.learning import services
from inservice.learning.models.content import Course, Program
from inservice.learning.starter import agent, essentials
from inservice.learning.starter.texts import CourseText, ProgramText
from inservice.org.models import Person, Team

COURSES: tuple[CourseText, ...] = (*essentials.COURSES, *agent.COURSES)
PROGRAMS: tuple[ProgramText, ...] = (essentials.ESSENTIALS, agent.AGENT_FUNDAMENTALS)


@dataclass(frozen=True)
class Library:
    courses: dict[str, Course]  # by CourseText key
    programs: dict[str, Program]  # by title


def install(author: Person, team: Team, *, publish: bool = True) -> Library:
    """Every course (its modules and quizzes) and both programs, owned by `team`."""
    courses: dict[str, Course] = {}
    for text in COURSES:
        course = services.create_course(author, team, services.Heading(text.title, text.summary))
        for module_text in text.modules:
            module = services.add_module(
                author,
                course,
                services.ModuleDraft(
                    module_text.title,
                    module_text.body,
                    video_url=module_text.video_url,
                    minutes=module_text.minutes,
                ),
            )
            if module_text.quiz:
                services.set_quiz(author, module, module_text.quiz, module_text.pass_mark)
        if publish:
            services.set_course_published(author, course, True)
        courses[text.key] = course
    programs: dict[str, Program] = {}
    for program_text in PROGRAMS:
        program = services.create_program(
            author, team, services.Heading(program_text.title, program_text.summary)
        )
        services.set_program_courses(
            author, program, [courses[key].pk for key in program_text.courses]
        )
        if publish:
            services.set_program_published(author, program, True)
        programs[program_text.title] = program
    return Library(courses, programs)
