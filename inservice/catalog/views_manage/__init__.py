"""A lead's service pages: the service editor (with RACI and operating steps) and the form builder.

Every view fetches through get_team_to_manage / get_service_to_manage: anyone who is neither a
lead of the owning team nor an administrator gets 404.
"""
