-- Case lists on indexes (issue 19). Lists filter by a region level and
-- show the newest first, so each level has a column and an index leading
-- with it and ending in the sort order (created_at, id): a first page reads
-- one page of an index whatever the table's size. city and county are the
-- region's 4- and 6-digit prefixes; subject is the item or bundle applied
-- for. Breaches and running clocks are few: partial indexes hold just
-- them, newest first, with the columns their filters read, so a first page
-- never fetches a row it does not show.
ALTER TABLE cases ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN subject TEXT NOT NULL DEFAULT '';
UPDATE cases SET city = SUBSTR(region, 1, 4), county = SUBSTR(region, 1, 6), subject = COALESCE(item_code, bundle_code, '');

DROP INDEX cases_region_status;
DROP INDEX cases_status;
CREATE INDEX cases_created ON cases(created_at, id);
CREATE INDEX cases_city ON cases(city, created_at, id);
CREATE INDEX cases_county ON cases(county, created_at, id);
CREATE INDEX cases_region ON cases(region, created_at, id);
CREATE INDEX cases_status ON cases(status, created_at, id);
CREATE INDEX cases_county_status ON cases(county, status, created_at, id);
CREATE INDEX cases_subject ON cases(subject, created_at, id);
CREATE INDEX cases_breach ON cases(created_at, id, region, city, county) WHERE second_notice OR visit_breach;
CREATE INDEX cases_running_due ON cases(created_at, id, due_date, region, city, county) WHERE status IN ('accepted', 'in_review');
