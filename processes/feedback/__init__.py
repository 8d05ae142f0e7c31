"""Closing the loop: feedback pages, document changes, outcome e-mails and their admin.

Modules:

* ``blocks`` – the "You said / We did" theme and next-step blocks;
* ``choosers`` – admin choosers for this process's comments (filterable by clause) and clauses;
* ``clauses`` – every clause a process's consultations have had, for choosers and validation;
* ``diff`` – the consulted version of a consultation against its final version, clause by clause;
* ``figures`` – participation figures and charts for the feedback page (cached);
* ``responses`` – which themes answer which clause or comment (links on the consultation);
* ``outcome`` – the personal outcome e-mails (records, rendering, sending, retrying);
* ``admin`` – the officials' listing of outcome e-mails, registered from wagtail_hooks.
"""
