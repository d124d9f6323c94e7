"""The starter library, part two: "Agent fundamentals", for everyone who serves from a queue."""

from __future__ import annotations

from inservice.learning.starter.texts import CourseText, ModuleText, ProgramText, q

VIDEOS = "https://learning.brightwater.example/videos"

LISTENING = CourseText(
    "listening",
    "Active listening",
    "Hear the need behind the request before you answer it, in conversation and in writing.",
    (
        ModuleText(
            "Listening before answering",
            7,
            """## What active listening is

Active listening means giving your full attention to understand what someone needs, and
showing them you did, *before* you start solving. It sounds obvious. Under a full queue it is
the first thing to go.

## The need behind the request

Requests describe a solution; people have a need. *"I need a new laptop"* may mean *"my
laptop is too slow for the customer demo on Thursday"*, and a loan laptop today serves that
need better than a new one in two weeks.

Ask yourself, for every request:

- **What is this person trying to get done?**
- **By when, and what happens if it is late?**
- **What have they already tried?**

## In writing, too

Most internal service happens in writing, and written requests are skimmed. Read the whole
request, the form's answers and any earlier messages before replying. Nothing tells someone
you did not listen faster than asking for what they already wrote.

## Show that you heard

Start your reply by saying back, in your own words and in one sentence, what you understood:
*"So the demo is on Thursday at 10 and the laptop freezes when you share your screen."* If
you got it wrong, they will tell you now rather than after the work is done.
""",
            video_url=f"{VIDEOS}/active-listening",
        ),
        ModuleText(
            "Questions that save a round trip",
            6,
            """## One good message instead of five

Every question you send costs the requester a context switch and costs you a day. When
something is missing, ask **everything you need in one message**, numbered, so it can be
answered in one go.

## Open and closed questions

- **Open questions** find the need: *"What happens when it freezes?"*
- **Closed questions** pin down facts: *"Is it the laptop with tag BW-2231?"*

Start open, then close. Avoid questions that sound like blame (*"Why didn't you...?"*): they
get defensive answers, not useful ones.

## Summarise, then act

Before starting work on anything sizeable, summarise: *"I'll move your mailbox on Saturday
at 8; you won't be able to send mail for about an hour. Does that work?"* A summary catches
misunderstandings while they are still cheap.

## Make the form do the asking

If you keep asking the same question, it belongs in the service's intake form. Tell your
lead: forms can make a field required, or required only when another answer calls for it.
""",
            quiz=(
                q(
                    "A colleague asks for a new laptop. What do you find out first?",
                    "What they are trying to get done, and by when",
                    "Which laptop model they prefer",
                    "Whether their manager approved it",
                ),
                q(
                    "You need three details from the requester. How do you ask?",
                    "In one message, numbered",
                    "One question at a time, as each comes up",
                    "By resolving the request and asking them to start again",
                ),
                q(
                    "Which is an open question?",
                    "What happens when it freezes?",
                    "Is it the laptop with tag BW-2231?",
                    "Did you restart it?",
                ),
                q(
                    "Why start a reply by saying back what you understood?",
                    "A misunderstanding is caught before the work is done",
                    "It makes the reply longer",
                    "It is required by the service level",
                ),
            ),
            pass_mark=75,
        ),
    ),
)

EMPATHY = CourseText(
    "empathy",
    "Empathy at work",
    "See a request from the side of the person waiting, and write replies people are glad to "
    "receive.",
    (
        ModuleText(
            "Seeing it from the other side",
            6,
            """## Empathy is not agreeing

Empathy means understanding how a situation looks and feels to the other person. It does
not mean agreeing with them, giving them everything they ask for, or taking the blame.

To you, a payslip error is one of thirty requests today. To the person asking, it may be
the rent. Both are true; only one of them is visible to you unless you look for it.

## Name it, briefly

When someone is stressed, a short acknowledgement goes a long way: *"That's a rotten
surprise at the end of the month; let's get it sorted."* Then move to what you will do.
Do not overdo it: three sentences of sympathy and no plan reads as evasive.

## Their deadline, not yours

The most useful empathetic question is often the practical one: *"When do you need this
by, and what happens if it's later?"* It shows you care about their outcome, and it tells
you how to prioritise.

## Watch the tone

Written words lose the tone of voice. Inservice shows a gentle **tone hint** when a reply
reads harsh. Take it as a second pair of eyes, not a rule.
""",
            video_url=f"{VIDEOS}/empathy",
        ),
        ModuleText(
            "Writing replies people want to read",
            7,
            """## Lead with what matters to them

Put the answer or the next step first. Context and explanation come after, if at all.

Instead of:

> We have looked into the issue you raised regarding your access and after reviewing the
> configuration it appears that...

write:

> **You can use the shared drive again from now on.** Your access had expired with the old
> project; I've renewed it until the end of the year.

## Plain words

Write like you would speak to a colleague at the next desk. Avoid internal jargon, system
names and abbreviations the requester will not know.

## No blame, no excuses

*"You filled in the wrong form"* and *"the system is rubbish"* both leave the reader with
nothing to do. Say what happens now, and if something on their side would help next time,
say that kindly and once.

## End with the next step

Every reply ends with who does what next, and when: *"I'll order it today; you'll hear from
me by Wednesday with the delivery date."*
""",
            quiz=(
                q(
                    "What is empathy at work?",
                    "Understanding how the situation looks and feels to the other person",
                    "Agreeing with whatever the person asks",
                    "Apologising at length",
                ),
                q(
                    "What comes first in a good reply?",
                    "The answer or the next step",
                    "A detailed account of what you investigated",
                    "An apology for the delay",
                ),
                q(
                    "Which question shows you care about their outcome?",
                    "When do you need this by, and what happens if it's later?",
                    "Have you read the guide?",
                    "Why didn't you ask earlier?",
                ),
                q(
                    "How should a reply end?",
                    "With who does what next, and when",
                    "With the request key",
                    "With a list of the team's other services",
                ),
            ),
            pass_mark=75,
        ),
    ),
)

EXPECTATIONS = CourseText(
    "expectations",
    "Managing expectations",
    "Say early what will happen and when, and say no (or not yet) in a way that still helps.",
    (
        ModuleText(
            "Say what will happen and when",
            6,
            """## Expectations are set anyway

If you do not say when something will happen, the requester will decide for themselves, and
their guess is usually sooner than yours. Most complaints about internal service are not
about the time it took, but about a time that was never agreed.

## Three things to say early

1. **What you will do**, and what you will not (*"I'll set up the account; access to the
   finance folder needs its owner's approval"*).
2. **When** they will hear from you, as a promised time.
3. **What could change that**, if something is uncertain (*"if the part is in stock"*).

## Service targets

Every service in the catalog shows the times its team aims for, counted in the team's
**working hours**: a request made on Friday evening starts counting on Monday morning.
Mention it when it matters: people plan better when they know the clock.

## When waiting is on them

If you are waiting on the requester, say exactly what you are waiting for. Inservice pauses
the service clock while a request waits on its requester, and shows them the question.
""",
        ),
        ModuleText(
            "Saying no, or not yet",
            7,
            """## No is an answer, silence is not

Sometimes the answer is no: the request is outside what your team does, against a policy,
or cannot be done in the time needed. Say so **early**, with the reason in one sentence.
A no on day one is far more useful than a no on day ten.

## Offer what you can

A helpful no comes with an alternative:

- *Not us:* transfer it to the right team with a handoff note, and tell the requester who
  has it now.
- *Not now:* give a realistic time, and ask whether that still helps.
- *Not like that:* offer what you can do (*"we can't buy that model, but the standard one
  arrives tomorrow"*).

## Renegotiate, don't go quiet

If a promise is slipping, change the promised time before it passes, with the reason. The
requester can then re-plan; a broken promise only leaves them chasing.

## Escalate openly

If something is stuck for reasons outside your control, tell your lead and tell the
requester that you have. Leads see requests at risk and breached in their queue: make sure
they hear about it from you first.
""",
            quiz=(
                q(
                    "What do most complaints about internal service come from?",
                    "A time that was never agreed",
                    "Requests that took a long time",
                    "Too many updates",
                ),
                q(
                    "A request made on Friday evening: when does the service clock start?",
                    "When the team's working hours start again",
                    "Immediately, including the weekend",
                    "When someone first opens it",
                ),
                q(
                    "The request belongs to another team. What do you do?",
                    "Transfer it with a handoff note and tell the requester who has it",
                    "Resolve it and tell them to ask elsewhere",
                    "Leave it in the queue until someone notices",
                ),
                q(
                    "When is the best time to say no?",
                    "As early as possible, with the reason",
                    "After trying for a week",
                    "Never: always say yes",
                ),
                q(
                    "Which of these are helpful alternatives to a plain no?",
                    ["A realistic later time", "Something you can do instead"],
                    "Silence until they give up",
                ),
            ),
            pass_mark=80,
        ),
    ),
)

FOLLOW_THROUGH = CourseText(
    "follow_through",
    "Following through",
    "Done means the person has what they needed: close the loop, hand off without dropping "
    "the ball, and learn from what comes back.",
    (
        ModuleText(
            "Done means they have what they needed",
            6,
            """## Resolved is not the same as done

A request is done when the person who asked has what they needed, not when your part of
the work is finished. The laptop is imaged: done? Only once it is in their hands and they
can sign in.

## Close the loop

When you resolve a request, write what was done in a sentence or two, and what the requester
should do if it is not right. In Inservice the requester can reopen a resolved request for a
few days; a good resolution note makes that rarely necessary.

## Check the outcome

For anything that matters, check afterwards: *"Did the demo work on Thursday?"* It takes a
minute, it catches the problems that did not show up straight away, and people remember it.
""",
            video_url=f"{VIDEOS}/following-through",
        ),
        ModuleText(
            "Handoffs that don't drop the ball",
            7,
            """## Where work gets lost

Most delays between teams happen in the gaps: a request transferred without context, a
step nobody owns, a new team that does not know the deadline. Inservice measures the time
requests spend in handoffs for exactly this reason.

## A handoff note that works

When you transfer a request, write for someone who knows nothing about it:

- **What has been done** so far, and what was ruled out.
- **What is still needed**, as specifically as you can.
- **What the requester already told you**, so they are not asked again.
- **The deadline** that matters to them, if there is one.

Then tell the requester who has it now and why.

## Workflows

Work that always crosses teams in the same order, like getting a new hire ready for day
one, runs as a **workflow** in Inservice: each step is a request to the right team, opened
when the steps before it are done, with its own due date. If you own a step, finishing it
on time is what lets the next team start.
""",
        ),
        ModuleText(
            "Learning from what came back",
            5,
            """## Feedback is information

Ratings, comments, suggestions and concerns tell you how your service felt on the other
side. Read them as information, not judgement, and look for patterns rather than single
remarks.

## Low ratings

A rating of 1 or 2 opens a **follow-up** for the team's leads: they contact the requester
within two working days, listen, and put right what can be put right. Many of the best
improvements start there.

## You said, we did

Every suggestion to your team gets an answer within ten working days. Answer honestly:
planned, done, or declined with a real reason. The public record of what changed is what
makes people bother to suggest again.

## Your own view

Once in a while, take the private **self-assessment** under *My learning*. Rating yourself on
acknowledging, updating, listening and following through, and writing down one thing to do
differently, is a small habit that adds up.
""",
            quiz=(
                q(
                    "When is a request done?",
                    "When the person has what they needed",
                    "When your part of the work is finished",
                    "When it has been open for a week",
                ),
                q(
                    "What belongs in a handoff note?",
                    [
                        "What has been done so far",
                        "What the requester already told you",
                    ],
                    "Only the name of the next team",
                ),
                q(
                    "A request received a rating of 2. What happens?",
                    "The team's leads follow up with the requester within two working days",
                    "Nothing: ratings are anonymous statistics",
                    "The request is deleted",
                ),
                q(
                    "Why answer every suggestion, even with a no?",
                    "A public record of what changed makes people suggest again",
                    "Because suggestions expire otherwise",
                    "It raises the team's rating automatically",
                ),
            ),
            pass_mark=75,
        ),
    ),
)

COURSES = (LISTENING, EMPATHY, EXPECTATIONS, FOLLOW_THROUGH)

AGENT_FUNDAMENTALS = ProgramText(
    "Agent fundamentals",
    "For everyone who serves colleagues from a queue: active listening, empathy, managing "
    "expectations and following through. About an hour and a half in all.",
    tuple(c.key for c in COURSES),
)
