"""Repositories for 说事 (suggestions) and 议题 (topics, their timeline, opinions, meetings,
evaluations and the cases they spawned)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from bot.domain.deliberation.suggestions import Suggestion, SuggestionStatus
from bot.domain.deliberation.topics import Evaluation, Meeting, Opinion, Stage, Topic, TopicStep
from storage import tables
from storage.repository import Repository


class SuggestionRepository(Repository):
    def add(self, suggestion: Suggestion) -> Suggestion:
        self.session.add(suggestion)
        self.session.flush()
        return suggestion

    def get(self, suggestion_id: int) -> Suggestion | None:
        return self.session.get(Suggestion, suggestion_id)

    def find(
        self,
        *,
        estate_id: int | None = None,
        status: SuggestionStatus | None = None,
        person_id: int | None = None,
        limit: int = 200,
    ) -> Sequence[Suggestion]:
        c = tables.suggestions.c
        query = select(Suggestion)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if status is not None:
            query = query.where(c.status == str(status))
        if person_id is not None:
            query = query.where(c.person_id == person_id)
        return self.session.scalars(query.order_by(c.id.desc()).limit(limit)).all()

    def merged_into(self, suggestion_id: int) -> Sequence[Suggestion]:
        c = tables.suggestions.c
        query = select(Suggestion).where(c.merged_into == suggestion_id).order_by(c.id)
        return self.session.scalars(query).all()

    def created_between(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> Sequence[Suggestion]:
        c = tables.suggestions.c
        query = select(Suggestion).where(c.created_at >= start, c.created_at < end)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return self.session.scalars(query.order_by(c.created_at)).all()


class TopicRepository(Repository):
    def add(self, topic: Topic) -> Topic:
        self.session.add(topic)
        self.session.flush()
        return topic

    def get(self, topic_id: int) -> Topic | None:
        return self.session.get(Topic, topic_id)

    def find(
        self,
        *,
        estate_id: int | None = None,
        stage: Stage | None = None,
        limit: int = 500,
    ) -> Sequence[Topic]:
        c = tables.topics.c
        query = select(Topic)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if stage is not None:
            query = query.where(c.stage == str(stage))
        return self.session.scalars(query.order_by(c.id.desc()).limit(limit)).all()

    def add_step(self, step: TopicStep) -> TopicStep:
        self.session.add(step)
        self.session.flush()
        return step

    def steps(self, topic_id: int) -> Sequence[TopicStep]:
        c = tables.topic_steps.c
        query = select(TopicStep).where(c.topic_id == topic_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def add_opinion(self, opinion: Opinion) -> Opinion:
        self.session.add(opinion)
        self.session.flush()
        return opinion

    def opinions(self, topic_id: int) -> Sequence[Opinion]:
        c = tables.topic_opinions.c
        query = select(Opinion).where(c.topic_id == topic_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def add_meeting(self, meeting: Meeting) -> Meeting:
        self.session.add(meeting)
        self.session.flush()
        return meeting

    def meeting(self, meeting_id: int) -> Meeting | None:
        return self.session.get(Meeting, meeting_id)

    def meetings(self, topic_id: int) -> Sequence[Meeting]:
        c = tables.topic_meetings.c
        query = select(Meeting).where(c.topic_id == topic_id).order_by(c.starts_at, c.id)
        return self.session.scalars(query).all()

    def meetings_to_remind(self, start: datetime, end: datetime) -> Sequence[Meeting]:
        """Meetings starting in [start, end) whose invitees were not reminded yet."""
        c = tables.topic_meetings.c
        query = (
            select(Meeting)
            .where(c.starts_at >= start, c.starts_at < end, c.reminded_at.is_(None))
            .order_by(c.starts_at, c.id)
            .with_for_update(skip_locked=True)
        )
        return self.session.scalars(query).all()

    def evaluation(self, topic_id: int, person_id: int) -> Evaluation | None:
        c = tables.topic_evaluations.c
        query = select(Evaluation).where(c.topic_id == topic_id, c.person_id == person_id)
        return self.session.scalars(query).first()

    def add_evaluation(self, evaluation: Evaluation) -> Evaluation:
        self.session.add(evaluation)
        self.session.flush()
        return evaluation

    def evaluations(self, topic_id: int) -> Sequence[Evaluation]:
        c = tables.topic_evaluations.c
        query = select(Evaluation).where(c.topic_id == topic_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def link_case(self, topic_id: int, case_id: int, at: datetime) -> None:
        self.session.execute(
            tables.topic_cases.insert().values(topic_id=topic_id, case_id=case_id, at=at)
        )

    def case_ids(self, topic_id: int) -> list[int]:
        c = tables.topic_cases.c
        query = select(c.case_id).where(c.topic_id == topic_id).order_by(c.case_id)
        return list(self.session.scalars(query))

    def topic_of_case(self, case_id: int) -> int | None:
        c = tables.topic_cases.c
        return self.session.scalar(select(c.topic_id).where(c.case_id == case_id))

    def count_by_stage(self, estate_id: int | None = None) -> dict[str, int]:
        c = tables.topics.c
        query = select(c.stage, func.count()).group_by(c.stage)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return {str(stage): n for stage, n in self.session.execute(query)}
