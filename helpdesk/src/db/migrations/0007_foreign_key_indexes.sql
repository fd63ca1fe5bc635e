CREATE INDEX "inbound_emails_ticket_idx" ON "inbound_emails" USING btree ("ticket_id") WHERE ticket_id is not null;--> statement-breakpoint
CREATE INDEX "inbound_emails_message_idx" ON "inbound_emails" USING btree ("message_id") WHERE message_id is not null;--> statement-breakpoint
CREATE INDEX "notifications_ticket_idx" ON "notifications" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "notifications_message_idx" ON "notifications" USING btree ("message_id") WHERE message_id is not null;