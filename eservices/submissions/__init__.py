"""What all e-services share: reference numbers, drafts, receipts, the outbox."""
