"""The learning pages under /learning/ (names in the "learning" namespace)."""

from django.urls import URLPattern, path

from inservice.learning.views import assigning, authoring, catalog, home, reflection, taking

app_name = "learning"

urlpatterns: list[URLPattern] = [
    path("", home.home, name="home"),
    # the catalog
    path("courses/", catalog.course_list, name="course_list"),
    path("courses/<int:course_id>/", catalog.course_detail, name="course_detail"),
    path("programs/", catalog.program_list, name="program_list"),
    path("programs/<int:program_id>/", catalog.program_detail, name="program_detail"),
    # taking
    path("modules/<int:module_id>/", taking.module_detail, name="module_detail"),
    path("modules/<int:module_id>/complete/", taking.module_complete, name="module_complete"),
    path("modules/<int:module_id>/attempts/", taking.attempt_start, name="attempt_start"),
    path("attempts/<int:attempt_id>/", taking.attempt_detail, name="attempt_detail"),
    path("attempts/<int:attempt_id>/submit/", taking.attempt_submit, name="attempt_submit"),
    # authoring
    path("courses/new/", authoring.course_new, name="course_new"),
    path("courses/<int:course_id>/edit/", authoring.course_edit, name="course_edit"),
    path("courses/<int:course_id>/publish/", authoring.course_publish, name="course_publish"),
    path("courses/<int:course_id>/modules/new/", authoring.module_new, name="module_new"),
    path("modules/<int:module_id>/edit/", authoring.module_edit, name="module_edit"),
    path("modules/<int:module_id>/quiz/", authoring.quiz_edit, name="quiz_edit"),
    path("modules/<int:module_id>/move/", authoring.module_move, name="module_move"),
    path("modules/<int:module_id>/delete/", authoring.module_delete, name="module_delete"),
    path("programs/new/", authoring.program_new, name="program_new"),
    path("programs/<int:program_id>/edit/", authoring.program_edit, name="program_edit"),
    path("programs/<int:program_id>/courses/", authoring.program_courses, name="program_courses"),
    path("programs/<int:program_id>/publish/", authoring.program_publish, name="program_publish"),
    # assigning
    path("courses/<int:course_id>/assign/", assigning.course_assign, name="course_assign"),
    path("programs/<int:program_id>/assign/", assigning.program_assign, name="program_assign"),
    path("rules/", assigning.rule_list, name="rule_list"),
    path("rules/<int:rule_id>/end/", assigning.rule_end, name="rule_end"),
    path("teams/<slug:slug>/", assigning.team_report, name="team_report"),
    path("teams/<slug:slug>/block/", assigning.team_block, name="team_block"),
    path("people/<int:person_id>/block/", home.person_block, name="person_block"),
    # the private self-assessment
    path("reflection/", reflection.reflection, name="reflection"),
    path("reflection/<int:reflection_id>/", reflection.reflection_detail, name="reflection_detail"),
]
