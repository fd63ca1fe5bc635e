-- The inbound mail whose From named a contact: a later mail's name replaces it, an earlier one's
-- does not (inbound/contacts.ts). Nullable, no default: no table rewrite.
ALTER TABLE "contacts" ADD COLUMN "named_by" uuid;
