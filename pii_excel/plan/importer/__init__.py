"""Import a plan from its Word document: the appendix table of indicators and tasks, the first page's number,
date, issuer and title. Every guess the import makes is listed for staff to confirm."""
