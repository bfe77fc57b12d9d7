-- The shared folder: completed, verified uploads. Partial uploads live only as .part files until verified.
CREATE TABLE shared_files (
    name        VARCHAR(300) NOT NULL PRIMARY KEY,
    size        BIGINT       NOT NULL,
    sha256      VARCHAR(64)  NOT NULL,
    uploader    VARCHAR(64)  NOT NULL,
    uploaded_at BIGINT       NOT NULL
);
CREATE INDEX shared_files_uploader ON shared_files (uploader);
