-- The name an uploader gave a file, kept beside the blob so that people see
-- 营业执照.pdf, not an SM3 digest. The blob itself stays named by digest.
ALTER TABLE blobs ADD COLUMN name TEXT NOT NULL DEFAULT '';
