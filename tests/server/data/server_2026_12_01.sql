-- 巡学 shared server: what PostgreSQL needs beyond the portable schema (Alembic's). Idempotent: every
-- statement creates only what is missing or replaces a function with the same body.
--
-- Roles: xunxue_learner (each learner's login role is a member) and xunxue_trainer (trainers' logins).
-- Row-level security: a learner reads and writes only rows whose learner_id is their own; a trainer all.
-- Keys: a published paper's answers live in paper_keys, which no learner may select; learners answer
-- through xunxue_answer(), a SECURITY DEFINER function that grades against the key as the answer arrives.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xunxue_learner') THEN
        CREATE ROLE xunxue_learner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xunxue_trainer') THEN
        CREATE ROLE xunxue_trainer NOLOGIN;
    END IF;
END $$;

-- Which login role is which learner.
CREATE TABLE IF NOT EXISTS server_learners (
    role_name name PRIMARY KEY,
    learner_id integer NOT NULL UNIQUE REFERENCES learners (id) ON DELETE CASCADE
);

-- A paper the trainer published to the server; its questions without the key; the key on its own.
CREATE TABLE IF NOT EXISTS published_papers (
    paper_uid varchar(36) PRIMARY KEY,
    title varchar(200) NOT NULL,
    time_limit_s integer,
    pass_mark double precision NOT NULL,
    max_score double precision NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS paper_questions (
    paper_uid varchar(36) NOT NULL REFERENCES published_papers ON DELETE CASCADE,
    question_key varchar(40) NOT NULL,
    position integer NOT NULL,
    type varchar(10) NOT NULL,
    stem text NOT NULL,
    options jsonb,
    topic text NOT NULL,
    points double precision NOT NULL,
    PRIMARY KEY (paper_uid, question_key)
);
CREATE TABLE IF NOT EXISTS paper_keys (
    paper_uid varchar(36) NOT NULL,
    question_key varchar(40) NOT NULL,
    answer jsonb NOT NULL,
    PRIMARY KEY (paper_uid, question_key),
    FOREIGN KEY (paper_uid, question_key) REFERENCES paper_questions ON DELETE CASCADE
);

-- One learner's sitting of a published paper, timed by the server's clock, with a running tally that
-- xunxue_answer() keeps (so that the trainer's live view reads one row per learner, not every answer).
CREATE TABLE IF NOT EXISTS exam_sittings (
    id bigserial PRIMARY KEY,
    uid uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    paper_uid varchar(36) NOT NULL REFERENCES published_papers ON DELETE CASCADE,
    learner_id integer NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now(),
    deadline_at timestamptz,
    submitted_at timestamptz,
    answered integer NOT NULL DEFAULT 0,
    score double precision NOT NULL DEFAULT 0,
    max_score double precision NOT NULL,
    passed boolean,
    UNIQUE (paper_uid, learner_id)
);
CREATE INDEX IF NOT EXISTS ix_exam_sittings_learner ON exam_sittings (learner_id);

-- The current answer to each question of a sitting. client_answer_id is the idempotency key: a client
-- that resends an answer (a retry, a flushed offline queue) changes nothing.
CREATE TABLE IF NOT EXISTS exam_answers (
    sitting_id bigint NOT NULL REFERENCES exam_sittings ON DELETE CASCADE,
    question_key varchar(40) NOT NULL,
    learner_id integer NOT NULL,
    answer jsonb,
    client_answer_id uuid NOT NULL UNIQUE,
    answered_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    score double precision NOT NULL,
    PRIMARY KEY (sitting_id, question_key)
);

CREATE OR REPLACE FUNCTION xunxue_learner_id() RETURNS integer
    LANGUAGE sql STABLE
    AS $$ SELECT learner_id FROM server_learners WHERE role_name = current_user $$;

-- The score (0..1) of one answer, as study/scoring.py grades a paper: all or nothing, matching per pair.
-- Blanks are compared after NFKC, case folding and dropping spaces and punctuation.
CREATE OR REPLACE FUNCTION xunxue_score(question_type text, key jsonb, given jsonb) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE
    AS $$
DECLARE
    hits integer;
BEGIN
    IF given IS NULL OR jsonb_typeof(given) = 'null' THEN
        RETURN 0;
    END IF;
    CASE question_type
    WHEN 'single' THEN
        RETURN CASE WHEN jsonb_typeof(given) = 'number' AND given = key THEN 1 ELSE 0 END;
    WHEN 'judge' THEN
        RETURN CASE WHEN jsonb_typeof(given) = 'boolean' AND given = key THEN 1 ELSE 0 END;
    WHEN 'multiple' THEN
        IF jsonb_typeof(given) <> 'array' THEN RETURN 0; END IF;
        RETURN CASE WHEN (SELECT array_agg(DISTINCT v ORDER BY v) FROM jsonb_array_elements(given) v)
                       = (SELECT array_agg(DISTINCT v ORDER BY v) FROM jsonb_array_elements(key) v) THEN 1 ELSE 0 END;
    WHEN 'order' THEN
        RETURN CASE WHEN given = key THEN 1 ELSE 0 END;
    WHEN 'match' THEN
        IF jsonb_typeof(given) <> 'array' OR jsonb_array_length(key) = 0 THEN RETURN 0; END IF;
        SELECT count(*) INTO hits FROM jsonb_array_elements(key) WITH ORDINALITY k(v, i)
            WHERE given -> (k.i::int - 1) = k.v;
        RETURN hits::double precision / jsonb_array_length(key);
    WHEN 'blank' THEN
        IF jsonb_typeof(given) <> 'array' OR jsonb_array_length(key) = 0 THEN RETURN 0; END IF;
        SELECT count(*) INTO hits FROM jsonb_array_elements(key) WITH ORDINALITY k(variants, i)
            WHERE jsonb_typeof(given -> (k.i::int - 1)) = 'string'
              AND xunxue_fold(given ->> (k.i::int - 1)) <> ''
              AND EXISTS (SELECT FROM jsonb_array_elements_text(k.variants) t(v)
                          WHERE xunxue_fold(t.v) = xunxue_fold(given ->> (k.i::int - 1)));
        RETURN CASE WHEN hits = jsonb_array_length(key) THEN 1 ELSE 0 END;
    ELSE
        RETURN 0;
    END CASE;
END $$;

CREATE OR REPLACE FUNCTION xunxue_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT regexp_replace(lower(normalize(value, NFKC)), '[[:space:][:punct:]]', '', 'g') $$;

-- Start (or resume) the caller's sitting of a published paper: the server's clock sets start and deadline.
CREATE OR REPLACE FUNCTION xunxue_start_sitting(p_paper_uid text)
    RETURNS TABLE (sitting_id bigint, sitting_uid uuid, started_at timestamptz, deadline_at timestamptz,
                   submitted_at timestamptz, server_now timestamptz)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    me integer := (SELECT s.learner_id FROM server_learners s WHERE s.role_name = session_user);
    paper published_papers;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'xunxue: % is not a learner of this server', session_user USING ERRCODE = '42501';
    END IF;
    SELECT * INTO paper FROM published_papers WHERE paper_uid = p_paper_uid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'xunxue: no published paper %', p_paper_uid USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO exam_sittings AS e (paper_uid, learner_id, deadline_at, max_score)
        VALUES (p_paper_uid, me, now() + make_interval(secs => paper.time_limit_s), paper.max_score)
        ON CONFLICT (paper_uid, learner_id) DO NOTHING;
    RETURN QUERY SELECT e.id, e.uid, e.started_at, e.deadline_at, e.submitted_at, now()
        FROM exam_sittings e WHERE e.paper_uid = p_paper_uid AND e.learner_id = me;
END $$;

-- Store one answer of the caller's open sitting and grade it against the key. Returns 'stored',
-- 'duplicate' (this client_answer_id was stored before), 'stale' (a newer answer is already there),
-- 'closed' (submitted, or past the deadline). The score stays out of the learner's sight.
CREATE OR REPLACE FUNCTION xunxue_answer(p_sitting_id bigint, p_question_key text, p_answer jsonb,
                                         p_client_answer_id uuid, p_answered_at timestamptz) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    me integer := (SELECT s.learner_id FROM server_learners s WHERE s.role_name = session_user);
    sitting exam_sittings;
    question paper_questions;
    previous exam_answers;
    given_score double precision;
    at timestamptz := least(coalesce(p_answered_at, now()), now());
BEGIN
    IF EXISTS (SELECT FROM exam_answers WHERE client_answer_id = p_client_answer_id) THEN
        RETURN 'duplicate';
    END IF;
    SELECT * INTO sitting FROM exam_sittings WHERE id = p_sitting_id AND learner_id = me FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'xunxue: no sitting % of yours', p_sitting_id USING ERRCODE = '42501';
    END IF;
    -- An answer given in time may arrive late (a client's offline queue), but not after the grace period.
    IF sitting.submitted_at IS NOT NULL OR at > sitting.deadline_at
       OR now() > sitting.deadline_at + interval '15 minutes' THEN
        RETURN 'closed';
    END IF;
    SELECT * INTO question FROM paper_questions WHERE paper_uid = sitting.paper_uid AND question_key = p_question_key;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'xunxue: no question % in this paper', p_question_key USING ERRCODE = 'P0002';
    END IF;
    given_score := question.points * xunxue_score(question.type,
        (SELECT k.answer FROM paper_keys k WHERE k.paper_uid = sitting.paper_uid AND k.question_key = p_question_key),
        p_answer);
    SELECT * INTO previous FROM exam_answers WHERE sitting_id = p_sitting_id AND question_key = p_question_key;
    IF NOT FOUND THEN
        INSERT INTO exam_answers (sitting_id, question_key, learner_id, answer, client_answer_id, answered_at, score)
            VALUES (p_sitting_id, p_question_key, me, p_answer, p_client_answer_id, at, given_score);
        UPDATE exam_sittings SET answered = answered + 1, score = score + given_score WHERE id = p_sitting_id;
    ELSIF previous.answered_at > at THEN
        RETURN 'stale';
    ELSE
        UPDATE exam_answers SET answer = p_answer, client_answer_id = p_client_answer_id, answered_at = at,
                                received_at = now(), score = given_score
            WHERE sitting_id = p_sitting_id AND question_key = p_question_key;
        UPDATE exam_sittings SET score = score - previous.score + given_score WHERE id = p_sitting_id;
    END IF;
    RETURN 'stored';
END $$;

-- Hand in the caller's sitting; returns the score, the maximum and whether it passed.
CREATE OR REPLACE FUNCTION xunxue_submit_sitting(p_sitting_id bigint)
    RETURNS TABLE (score double precision, max_score double precision, passed boolean)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    me integer := (SELECT s.learner_id FROM server_learners s WHERE s.role_name = session_user);
BEGIN
    UPDATE exam_sittings e SET submitted_at = least(now(), e.deadline_at),
                               passed = e.score >= (SELECT p.pass_mark FROM published_papers p
                                                    WHERE p.paper_uid = e.paper_uid) * e.max_score - 1e-9
        WHERE e.id = p_sitting_id AND e.learner_id = me AND e.submitted_at IS NULL;
    RETURN QUERY SELECT e.score, e.max_score, e.passed FROM exam_sittings e
        WHERE e.id = p_sitting_id AND e.learner_id = me;
END $$;

REVOKE ALL ON FUNCTION xunxue_start_sitting(text), xunxue_answer(bigint, text, jsonb, uuid, timestamptz),
    xunxue_submit_sitting(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION xunxue_start_sitting(text), xunxue_answer(bigint, text, jsonb, uuid, timestamptz),
    xunxue_submit_sitting(bigint), xunxue_learner_id(), xunxue_score(text, jsonb, jsonb), xunxue_fold(text)
    TO xunxue_learner, xunxue_trainer;

-- Privileges. Learners: read the bank and the published papers' questions, read and write their own
-- study rows; nothing of papers, keys, collected results or the trainer's settings.
GRANT USAGE ON SCHEMA public TO xunxue_learner, xunxue_trainer;
GRANT SELECT ON documents, topics, knowledge_points, flashcards, questions, settings, alembic_version,
    published_papers, paper_questions TO xunxue_learner;
GRANT SELECT ON server_learners TO xunxue_learner;
GRANT SELECT, UPDATE ON learners TO xunxue_learner;
GRANT SELECT, INSERT, UPDATE, DELETE ON card_states, review_logs, quiz_attempts, attempt_items, wrong_answers,
    study_days TO xunxue_learner;
GRANT SELECT (id, uid, paper_uid, learner_id, started_at, deadline_at, submitted_at, answered, max_score)
    ON exam_sittings TO xunxue_learner;
GRANT SELECT (sitting_id, question_key, learner_id, answer, client_answer_id, answered_at, received_at)
    ON exam_answers TO xunxue_learner;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO xunxue_learner;
-- Trainers: everything in the app's tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO xunxue_trainer;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO xunxue_trainer;

-- Row-level security: one policy for learners (their own rows), one for trainers (every row).
DO $$
DECLARE
    own_tables text[] := ARRAY['card_states', 'review_logs', 'quiz_attempts', 'attempt_items', 'wrong_answers',
                               'study_days', 'exam_sittings', 'exam_answers'];
    name text;
BEGIN
    FOREACH name IN ARRAY own_tables || ARRAY['learners', 'server_learners', 'settings', 'questions'] LOOP
        IF NOT (SELECT relrowsecurity FROM pg_class WHERE oid = name::regclass) THEN
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = name AND policyname = 'trainer_all') THEN
            EXECUTE format('CREATE POLICY trainer_all ON %I TO xunxue_trainer USING (true) WITH CHECK (true)', name);
        END IF;
    END LOOP;
    FOREACH name IN ARRAY own_tables LOOP
        IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = name AND policyname = 'learner_own') THEN
            EXECUTE format('CREATE POLICY learner_own ON %I TO xunxue_learner '
                           'USING (learner_id = (SELECT xunxue_learner_id())) '
                           'WITH CHECK (learner_id = (SELECT xunxue_learner_id()))', name);
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = 'learners' AND policyname = 'learner_own') THEN
        CREATE POLICY learner_own ON learners TO xunxue_learner
            USING (id = (SELECT xunxue_learner_id())) WITH CHECK (id = (SELECT xunxue_learner_id()));
    END IF;
    IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = 'server_learners' AND policyname = 'learner_own') THEN
        CREATE POLICY learner_own ON server_learners TO xunxue_learner USING (role_name = current_user);
    END IF;
    -- The trainer password's hash and the trainer's own settings stay out of a learner's sight.
    IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = 'settings' AND policyname = 'learner_read') THEN
        CREATE POLICY learner_read ON settings FOR SELECT TO xunxue_learner USING (key NOT LIKE 'trainer/%');
    END IF;
    -- Questions copied from a paper file onto the server (file workflow) carry that paper's key.
    IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = 'questions' AND policyname = 'learner_read') THEN
        CREATE POLICY learner_read ON questions FOR SELECT TO xunxue_learner
            USING (key NOT LIKE 'paper-%');
    END IF;
END $$;
