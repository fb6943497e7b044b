-- The add_user_id_to_chat_sessions step as plain SQL on SQLite, in place (the floor atrium is
-- measured against): what SQLite allows for a nullable column with a NULL default.
BEGIN;
ALTER TABLE chat_sessions ADD COLUMN user_id text CONSTRAINT fk_chat_sessions_user_id_user REFERENCES "user" (id) ON DELETE CASCADE;
CREATE INDEX ix_chat_sessions_user_id ON chat_sessions (user_id);
UPDATE alembic_version SET version_num='a1d4c6e8f203' WHERE alembic_version.version_num = '7a3e5c2b9f10';
COMMIT;
