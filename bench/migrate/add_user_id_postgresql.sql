-- The add_user_id_to_chat_sessions step as plain SQL on PostgreSQL (the floor): the column,
-- its foreign key (validated against the existing rows), its index and the version update,
-- in one transaction.
BEGIN;
ALTER TABLE chat_sessions ADD COLUMN user_id text;
ALTER TABLE chat_sessions ADD CONSTRAINT fk_chat_sessions_user_id_user FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE;
CREATE INDEX ix_chat_sessions_user_id ON chat_sessions (user_id);
UPDATE alembic_version SET version_num='a1d4c6e8f203' WHERE alembic_version.version_num = '7a3e5c2b9f10';
COMMIT;
