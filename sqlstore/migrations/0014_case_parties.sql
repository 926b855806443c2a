-- A case's further parties in the guide's roles (the seller of a house
-- sale, when the buyer applies): JSON, written once at submission.
ALTER TABLE cases ADD COLUMN parties TEXT;
