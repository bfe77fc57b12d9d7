-- Files sent into a conversation: readable by its members only, never listed in the shared folder.
CREATE TABLE attachments (
    id           VARCHAR(32)  NOT NULL PRIMARY KEY,
    conversation VARCHAR(200) NOT NULL,
    name         VARCHAR(300) NOT NULL,
    size         BIGINT       NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    uploader     VARCHAR(64)  NOT NULL,
    uploaded_at  BIGINT       NOT NULL
);
CREATE INDEX attachments_uploader ON attachments (uploader);
