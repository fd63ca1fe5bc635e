-- Which events of an organization's calendar feed count as days off (sla/ical-filter.ts): `{}`
-- keeps every one, as before. A constant default: no table rewrite.
ALTER TABLE "sla_calendars" ADD COLUMN "ics_filter" jsonb DEFAULT '{}'::jsonb NOT NULL;
