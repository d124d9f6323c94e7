from django.urls import path

from inservice.tickets.views import (
    actions,
    ask,
    attachments,
    detail,
    mine,
    promises,
    queue,
    reply_templates,
    tone,
)

app_name = "tickets"

urlpatterns = [
    path("services/<slug:slug>/ask/", ask.ask, name="ask"),
    path("requests/", mine.mine, name="mine"),
    path("requests/<str:key>/", detail.detail, name="detail"),
    path("requests/<str:key>/timeline/", detail.timeline_partial, name="timeline"),
    path("requests/<str:key>/reply/", actions.reply, name="reply"),
    path("requests/<str:key>/transition/", actions.transition, name="transition"),
    path("requests/<str:key>/acknowledge/", promises.acknowledge, name="acknowledge"),
    path("requests/<str:key>/promise/", promises.renegotiate, name="renegotiate"),
    path("requests/<str:key>/assign/", actions.assign, name="assign"),
    path("requests/<str:key>/priority/", actions.priority, name="priority"),
    path("requests/<str:key>/transfer/", actions.transfer, name="transfer"),
    path("requests/<str:key>/link/", actions.link, name="link"),
    path("requests/<str:key>/duplicate/", actions.duplicate, name="duplicate"),
    path("requests/<str:key>/watchers/", actions.add_watcher, name="add_watcher"),
    path(
        "requests/<str:key>/watchers/<int:person_id>/remove/",
        actions.remove_watcher,
        name="remove_watcher",
    ),
    path("requests/<str:key>/files/<str:token>/", attachments.download, name="attachment"),
    path("requests/<str:key>/tone/", tone.tone, name="tone"),
    path(
        "requests/<str:key>/reply-templates/fill/",
        reply_templates.fill,
        name="fill_reply_template",
    ),
    path("teams/<slug:slug>/reply-templates/", reply_templates.manage, name="reply_templates"),
    path(
        "teams/<slug:slug>/reply-templates/<int:template_id>/",
        reply_templates.edit,
        name="edit_reply_template",
    ),
    path(
        "teams/<slug:slug>/reply-templates/<int:template_id>/remove/",
        reply_templates.remove,
        name="remove_reply_template",
    ),
    path("teams/<slug:slug>/queue/", queue.queue, name="queue"),
    path("teams/<slug:slug>/promises/", promises.team_rates, name="team_promises"),
    path("people/<int:person_id>/promises/", promises.person_rates, name="person_promises"),
    path("teams/<slug:slug>/queue/assign/", queue.bulk_assign, name="bulk_assign"),
    path("teams/<slug:slug>/queue/views/", queue.save_view, name="save_view"),
    path(
        "teams/<slug:slug>/queue/views/<int:view_id>/delete/", queue.delete_view, name="delete_view"
    ),
]
