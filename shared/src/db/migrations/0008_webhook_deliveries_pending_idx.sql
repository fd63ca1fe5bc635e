-- The deliveries still to be made, in id order: what a recovery after Valkey lost its data reads
-- (services/worker/src/webhook-recovery.ts) without walking the deliveries' whole retention.
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries" USING btree ("id") WHERE status = 'pending';