"""create_user_profiles — the seed's Migration 2

Revision ID: b2e5d7f9a314
Revises: a1d4c6e8f203
"""
from alembic import op
import sqlalchemy as sa

revision = "b2e5d7f9a314"
down_revision = "a1d4c6e8f203"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True).with_variant(sa.TIMESTAMP(), "sqlite")


def _now():
    if op.get_bind().dialect.name == "sqlite":
        return sa.text("(strftime('%Y-%m-%dT%H:%M:%fZ','now'))")
    return sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "user_profiles",
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("software_background", sa.JSON(), nullable=True),
        sa.Column("hardware_background", sa.JSON(), nullable=True),
        sa.Column("experience_level", sa.String(20), nullable=True),
        sa.Column("learning_goals", sa.Text(), nullable=True),
        sa.Column("has_robotics_projects", sa.Boolean(), nullable=True),
        sa.Column("robotics_projects_description", sa.Text(), nullable=True),
        sa.Column("programming_years", sa.Integer(), nullable=True),
        sa.Column("learning_style", sa.String(20), nullable=True),
        sa.Column("questionnaire_completed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("questionnaire_completed_at", TS, nullable=True),
        sa.Column("preferences", sa.JSON(), nullable=True),
        sa.Column("created_at", TS, server_default=_now(), nullable=False),
        sa.Column("updated_at", TS, server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE",
                                name="fk_user_profiles_user_id_user"),
    )
    op.create_index("ix_user_profiles_user_id", "user_profiles", ["user_id"])


def downgrade() -> None:
    op.drop_table("user_profiles")
