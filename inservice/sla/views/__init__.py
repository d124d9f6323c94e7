"""A lead's service-level pages: the team's business calendar and a service's policies.

Every view fetches through org.permissions.get_team_to_manage or
catalog.permissions.get_service_to_manage: anyone who is neither a lead of the team nor an
administrator gets 404. With htmx a section answers alone (422 with its messages on bad input,
204 + HX-Trigger after a save, after which it reloads itself); without JavaScript every form
posts and is redirected back (303).
"""
