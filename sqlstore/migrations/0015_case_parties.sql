-- The further parties of cases by ID number, so that a party with an
-- account finds the case (the buyer of a house sale the seller applied
-- for). Written once at submission, beside cases.parties.
CREATE TABLE case_parties (
    case_id   TEXT NOT NULL REFERENCES cases(id),
    role      TEXT NOT NULL,
    id_number TEXT NOT NULL,
    PRIMARY KEY (case_id, role)
);
CREATE INDEX case_parties_id ON case_parties(id_number);
