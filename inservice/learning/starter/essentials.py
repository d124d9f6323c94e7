"""The starter library, part one: "Internal service essentials", for everyone new."""

from __future__ import annotations

from inservice.learning.starter.texts import CourseText, ModuleText, ProgramText, q

CUSTOMERS = CourseText(
    "customers",
    "Who our internal customers are",
    "Every team serves other teams. Find out who relies on your work, and what they need "
    "from you to do theirs.",
    (
        ModuleText(
            "Everyone is someone's customer",
            6,
            """## The chain behind every result

Nothing here is done by one team alone. Sales wins a deal because IT had a working laptop
ready before the pitch, Finance closed the month because every team sent its figures on time,
and a new colleague is productive on day one because HR, IT, Payroll and Facilities each did
their part.

Each of those steps is **internal service**: one colleague or team doing something another
needs. The person waiting is your *internal customer*, even if you never think of them that
way.

## Why it matters

When internal service goes wrong, nobody outside sees the cause, only the effect:

- a request sits in someone's inbox and a deadline slips;
- a handoff loses the one detail that mattered, and work is done twice;
- a promise ("I'll look at it this week") is never kept, and nobody knows whether to chase.

Customers outside the company feel all of this in the end, as late deliveries and slow
answers.

## Service runs both ways

Teams are each other's customers *and* suppliers. IT owes Sales a laptop on time; Sales owes
IT ten working days' notice of a new hire and complete details. In Inservice, both sides of
such an arrangement can be written down in a **service agreement** and measured side by side,
so nobody has to argue about who let whom down.
""",
        ),
        ModuleText(
            "Knowing who relies on you",
            7,
            """## Map your customers

Take five minutes and write down, for your own work:

1. **Who asks you for things?** Colleagues, teams, managers, vendors.
2. **Who receives what you produce,** even without asking? A report, a configured account,
   an approved invoice.
3. **What do they do next with it?** This is the part most people have never asked.

The third question changes how you work. A payslip correction is not "a ticket": it is
someone's rent. A laptop is not "hardware": it is the demo a colleague is giving to a
customer on Thursday.

## Ask them

The quickest way to learn what your customers need is to ask:

- *What happens on your side while you wait for us?*
- *What do we send you that you always have to fix or chase?*
- *If we could change one thing, what should it be?*

## Where Inservice helps

- Every team's page lists its **services**, its **key contacts** and who to ask about what.
- **Ratings** after each resolved request and **internal NPS** surveys tell you how the
  service felt to the people who received it.
- The **suggestion box** lets anyone, anonymously if they like, tell a team what would help,
  and every suggestion gets an answer.
""",
            quiz=(
                q(
                    "Who is an internal customer?",
                    "Anyone inside the organisation who relies on your work",
                    "Only people who raise a request in Inservice",
                    "Only your manager",
                ),
                q(
                    "Which question tells you most about what a customer needs?",
                    "What do you do next with what we give you?",
                    "Which form did you use?",
                    "Can you send that again?",
                ),
                q(
                    "In a service agreement between two teams, who has obligations?",
                    "Both teams: the provider and the receiver",
                    "Only the team that provides the service",
                    "Nobody: it is for information only",
                ),
                q(
                    "Where can you see how your service felt to the people who received it?",
                    ["Ratings after resolved requests", "Internal NPS surveys"],
                    "The number of requests closed",
                ),
            ),
            pass_mark=75,
        ),
    ),
)

PROMISES = CourseText(
    "promises",
    "Promises we keep: acknowledging with a time",
    "The first reply should tell people when they will hear from you, and then you keep to it "
    "or say so before it slips.",
    (
        ModuleText(
            "Why the first reply matters",
            6,
            """## Waiting without knowing

The hardest part of waiting is not the time; it is not knowing. Someone who has heard nothing
for two days assumes nothing is happening, and starts chasing: a message, a call, a second
request, an escalation. All of that is work for both of you.

## Acknowledge with a promised time

A good first reply does three things:

1. **Confirms you have it** and understood it: one sentence in your own words.
2. **Gives a time** by which they will hear from you: *"by 3 pm tomorrow"*, not *"soon"* or
   *"ASAP"*.
3. **Says what happens next,** if anything is needed from them.

The time you promise is not when the work will be finished. It is when they will hear from
you next, with the result or with an honest update.

## In Inservice

On a request, **Acknowledge** asks for a promised time. The requester sees it on their
request and is told by email; the clock for the first response stops. Choose a time you can
keep in your team's working hours; Inservice counts service levels in business time, so a
promise made on Friday afternoon can reasonably say Monday.
""",
        ),
        ModuleText(
            "Keeping or renegotiating a promise",
            7,
            """## A promise can change, a surprise should not

Plans change: a part is out of stock, a colleague is off sick, the real problem is bigger
than it looked. That is normal. What breaks trust is the requester finding out *after* the
promised time has passed.

**Renegotiate before the time passes:** say what changed and give a new time. In Inservice,
*Change the promised time* records the new promise with your reason, and the requester is
told at once. A renegotiated promise is counted separately from a broken one, because it is
not the same thing to the person waiting.

## Waiting on the requester

Sometimes you cannot move without something from them: a cost centre, a screenshot, an
approval. Ask for exactly what you need, in one message, and set the request to **waiting on
the requester**. The service clock pauses while it waits on them, and they can see what you
asked for.

## What gets measured

Inservice tracks, per person and per team, how many promises were **kept**, **renegotiated**
and **broken**. Leads look at the broken ones together with the team, not to blame, but to
find what keeps getting in the way.
""",
            quiz=(
                q(
                    "What should the first reply to a request include?",
                    "A time by which the person will hear from you",
                    "A promise that it will be fixed today",
                    "Only a reference number",
                ),
                q(
                    "Which promised time is best?",
                    "By 3 pm tomorrow",
                    "As soon as possible",
                    "Soon",
                ),
                q(
                    "You cannot keep a promised time. When do you tell the requester?",
                    "Before the promised time passes, with a new time and the reason",
                    "After the promised time, once you know more",
                    "Only if they ask",
                ),
                q(
                    "You need a cost centre from the requester. What do you do?",
                    "Ask for exactly that and set the request to waiting on the requester",
                    "Resolve the request and ask them to open a new one",
                    "Wait until they notice",
                ),
                q(
                    "How does Inservice count a promise you changed in time?",
                    "As renegotiated, not broken",
                    "As broken",
                    "It is not counted at all",
                ),
            ),
            pass_mark=80,
        ),
    ),
)

INSERVICE = CourseText(
    "inservice",
    "Using Inservice well",
    "How to ask for help so it arrives complete, how teams serve from their queue, and how to "
    "give feedback and thanks.",
    (
        ModuleText(
            "Asking for help the right way",
            6,
            """## Find the right service

Start from **Services**: every team lists what it does, with a short description and the
times it aims for. Search by words if you do not know which team it is. If nothing fits,
ask the team that comes closest: they will pass it on with a note, and you will be told.

## Fill in the form completely

Each service asks for what it needs to start, so that nobody has to come back to you with
questions. A complete request is often the difference between an answer today and an answer
next week.

- **One request per need.** Two problems in one request get lost.
- **Ask on behalf of someone** when it is for a colleague (a new starter's laptop): they
  will follow it too.
- **Add watchers** who need to know how it goes.

## While you wait

Your request shows its status, who is working on it and the time promised to you. When the
team asks you something, the clock waits for your answer, so answer promptly. When it is
resolved you will be asked, briefly, how it went: that rating goes straight to the team.

Some services, such as raising a workplace concern, are **confidential**: only the team
that handles them sees them.
""",
        ),
        ModuleText(
            "Serving from the queue",
            8,
            """## The queue

If you work in a team that offers services, your team's **queue** shows its open requests,
by default the one due soonest first. Views show what is unassigned, yours, at risk of
missing its target, or waiting on the requester.

## A good path through a request

1. **Acknowledge** with a promised time (see *Promises we keep*).
2. **Assign** it to yourself or a colleague, so everyone knows who has it.
3. Work on it. **Public replies** go to the requester; **internal notes** stay in the team.
   Keep notes factual: they are part of the request's record.
4. If another team must do it, **transfer** it with a **handoff note**: what has been done,
   what is still needed, and anything the requester already told you. Never make them
   explain it all again.
5. **Resolve** it with a short summary of what was done. The requester can reopen it for a
   few days if it is not really solved.

## Save yourself typing

Your team's leads can keep **reply templates** for common answers. A template fills in the
requester's name, the request key and the promised time, and you edit it before sending.
If a reply reads harsh, Inservice shows a gentle tone hint before you send it.
""",
        ),
        ModuleText(
            "Feedback and thanks",
            5,
            """## Ratings

After a request is resolved, its requester may be asked for a rating from 1 to 5, with a
comment. A low rating is followed up by the team's lead within two working days: it is a
chance to put things right, not a verdict.

## The suggestion box

Anyone can suggest an improvement to a team, or to the whole organisation, **anonymously by
default**. Every suggestion gets an answer within ten working days (under review, planned,
done, or declined with a reason), and the answered ones are public on **You said, we did**.

## Thanks

When a colleague helped you, say so: a **kudos** reaches them and, if you like, their
manager. Recognition is part of the job, not an extra.

## Learning

This course is part of your learning in Inservice. Besides assigned courses, there is a
private **self-assessment** under *My learning*: a few questions about how your work reaches
the people who rely on it. Only you can read your answers.
""",
            quiz=(
                q(
                    "You need a laptop and access to a shared drive. How many requests?",
                    "Two: one per need",
                    "One with both in the description",
                    "None: message someone in IT directly",
                ),
                q(
                    "Where should a note meant only for your own team go?",
                    "An internal note",
                    "A public reply",
                    "The request's subject",
                ),
                q(
                    "What does a good handoff note to another team contain?",
                    "What was done, what is still needed, and what the requester already said",
                    "Only the request key",
                    "Nothing: the other team reads the history",
                ),
                q(
                    "Who can read your answers to the self-assessment?",
                    "Only you",
                    "You and your lead",
                    "The administrators",
                ),
            ),
            pass_mark=75,
        ),
    ),
)

COURSES = (CUSTOMERS, PROMISES, INSERVICE)

ESSENTIALS = ProgramText(
    "Internal service essentials",
    "For everyone new: who relies on whom, the promise behind every first reply, and how to "
    "ask for and give service in Inservice. About 45 minutes in all.",
    tuple(c.key for c in COURSES),
)
