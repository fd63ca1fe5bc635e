-- How many parts an export's flow was planned with, recorded by the relay as it adds the flow: what
-- the maintenance purge removes from storage of an export that lost its jobs (the parts hold every
-- ticket in the clear, and nothing else would ever remove them).
ALTER TABLE "exports" ADD COLUMN "parts" integer;
