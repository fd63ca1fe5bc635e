-- The deliveries still to be made, in id order: what a recovery after Valkey lost its data reads
-- (services/worker/src/webhook-recovery.ts) without walking the deliveries' whole retention.
-- squawk-ignore require-concurrent-index-creation -- released in 1.0.0 and applied by every database since; a partial index of the pending deliveries, built inside the migration's transaction
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries" USING btree ("id") WHERE status = 'pending';