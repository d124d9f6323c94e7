"""The learning pages, one module per area: `home` (one's learning, a person's block),
`catalog` (courses and programs), `taking` (modules and quizzes), `authoring` (the editors),
`assigning` (assignments, rules, a team's completion) and `reflection` (the self-assessment).
Writes go through learning.services; who sees what is learning.permissions."""
