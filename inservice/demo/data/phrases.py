"""What people write on the demo's timelines. `{first}` is the requester's first name,
`{agent}` the agent's first name, `{team}` the team's name."""

ACKNOWLEDGE = (
    "Hi {first}, thanks, I have this and will come back to you shortly.",
    "Thanks {first}. I'm looking into it now.",
    "Got it, {first}. I'll take care of this today.",
    "Hi {first}, this is with me now. I'll update you as soon as I know more.",
)
QUESTION = (
    "Hi {first}, could you tell me a bit more? When exactly did this start?",
    "Quick question, {first}: which cost centre should this go to?",
    "Could you confirm the date you need this by?",
    "Can you send me a screenshot of the error message?",
    "Before I continue: is your manager aware of this?",
    "Which office will you be working from that week?",
)
ANSWER = (
    "Sure: it started on Monday morning.",
    "Yes, my manager knows and agreed.",
    "Here you go, the details are attached.",
    "The Berlin office, from Tuesday.",
    "Thanks for checking! Next Friday would be ideal.",
    "It's CC-4120, same as last time.",
)
CHASE = (
    "Hi, any update on this?",
    "Just checking in: is there anything you need from me?",
    "This is getting urgent on our side; could you have a look today?",
)
NOTE = (
    "Checked with the supplier: delivery next Tuesday.",
    "Same issue as last month; see the linked request.",
    "Waiting for approval from the cost centre owner.",
    "{agent} knows this system best; asked for a second look.",
    "Requester is travelling this week; follow up on Monday.",
    "Policy allows this; no exception needed.",
)
HANDOFF = (
    "This needs {team}: we checked our side and everything is in order. The requester has confirmed the details below.",
    "Passing this on to {team}, who own this. Context: the requester tried the usual fix already.",
    "Over to {team}. Approval is done; what is left is on your side.",
    "{team} please take over: it turned out not to be ours. Nothing has been changed yet.",
)
RESOLVE = (
    "Done, {first}. Let me know if anything is missing.",
    "All sorted. I'm resolving this; reopen it if it comes back.",
    "This is done now. Thanks for your patience, {first}.",
)
THANKS = (
    "Thank you, that was quick!",
    "Perfect, thanks {agent}.",
    "Works now, many thanks.",
)
CANCEL = (
    "No longer needed, sorted it out with my team.",
    "Cancelling: the plans changed.",
    "Opened this twice by mistake, sorry.",
)
REOPEN = (
    "Sorry, the problem is back since this morning.",
    "Not quite: one part is still missing.",
)
GENERIC_DETAILS = (
    "",
    "",
    "Thanks in advance!",
    "Details are in the form. Happy to jump on a call if that helps.",
    "This is blocking a customer deadline, so a quick answer would help a lot.",
    "Asked my manager; they agree.",
)
START = (
    "Hi {first}, I'm on it and will keep you posted here.",
    "Thanks {first}, working on this now.",
    "Picked this up, {first}. I'll let you know when it's done.",
)
PROGRESS = (
    "Quick update, {first}: still working on this, nothing needed from you.",
    "Update: we found the cause and are fixing it now.",
    "Still on it, {first}. I will update you again soon.",
    "Progress: the first part is done, the rest follows shortly.",
)
