-- A per-subscription delivery sequence without gaps (issue 18): each
-- delivery gets the next number of its subscription when it is first sent,
-- in the transaction that counts it, so a receiver that misses a number
-- knows a delivery is still coming or was lost. Numbering at send time keeps
-- the subscription's counter off the intake path (one row per department
-- would otherwise serialise every case write of that department).
ALTER TABLE webhooks ADD COLUMN delivery_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_deliveries ADD COLUMN delivery_seq INTEGER;
CREATE UNIQUE INDEX webhook_deliveries_seq ON webhook_deliveries(webhook_id, delivery_seq);
