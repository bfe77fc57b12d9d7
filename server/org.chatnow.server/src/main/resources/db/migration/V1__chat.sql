-- ChatNow schema, version 1. Portable between H2 and PostgreSQL.
CREATE TABLE accounts (
    name          VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(256) NOT NULL,
    is_admin      BOOLEAN      NOT NULL DEFAULT FALSE,
    banned        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    BIGINT       NOT NULL
);

CREATE TABLE resume_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    account    VARCHAR(64) NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    expires_at BIGINT      NOT NULL
);
CREATE INDEX resume_tokens_account ON resume_tokens (account);

CREATE TABLE rooms (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    topic      VARCHAR(400) NOT NULL,
    created_by VARCHAR(64),
    created_at BIGINT       NOT NULL
);

-- one row per member of a conversation (room:<name> or dm:<a>:<b>), with how far the member has read
CREATE TABLE members (
    conversation VARCHAR(160) NOT NULL,
    account      VARCHAR(64)  NOT NULL,
    read_seq     BIGINT       NOT NULL,
    PRIMARY KEY (conversation, account)
);
CREATE INDEX members_account ON members (account);

CREATE TABLE messages (
    conversation VARCHAR(160)   NOT NULL,
    seq          BIGINT         NOT NULL,
    sender       VARCHAR(64)    NOT NULL,
    client_id    VARCHAR(64),
    sent_at      BIGINT         NOT NULL,
    body         VARCHAR(16000) NOT NULL,
    PRIMARY KEY (conversation, seq)
);
-- a request id sent again after a lost ack finds the stored message instead of storing it twice
CREATE UNIQUE INDEX messages_client_id ON messages (sender, client_id);

INSERT INTO rooms (name, topic, created_by, created_at) VALUES ('lobby', 'Everyone on this server', NULL, 0);
