"""The kudos pages, one module per area: `wall` (the wall, one kudos, a person's kudos, a
month's highlights), `giving` (give, delete, hide), `blocks` (on the request, person and team
pages) and `preferences` (one's kudos setting)."""
