"""create_user_background_questionnaire — the seed's Migration 3

Revision ID: c3f6e8a0b425
Revises: b2e5d7f9a314
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "c3f6e8a0b425"
down_revision = "b2e5d7f9a314"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True).with_variant(sa.CHAR(36), "sqlite")
TS = sa.DateTime(timezone=True).with_variant(sa.TIMESTAMP(), "sqlite")


def _now():
    if op.get_bind().dialect.name == "sqlite":
        return sa.text("(strftime('%Y-%m-%dT%H:%M:%fZ','now'))")
    return sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "user_background_questionnaire",
        sa.Column("id", UUID, nullable=False),
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=True),
        sa.Column("answered_at", TS, server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE",
                                name="fk_user_background_questionnaire_user_id_user"),
    )
    op.create_index("ix_user_background_questionnaire_user_id", "user_background_questionnaire", ["user_id"])
    op.create_index("ix_user_background_questionnaire_question_id", "user_background_questionnaire",
                    ["question_id"])


def downgrade() -> None:
    op.drop_table("user_background_questionnaire")
