import { Injectable } from '@nestjs/common';
import { AuditRepository, type AuditEntry } from './audit.repository.js';

// Who did what to whom: sign-ins, sharing, role changes, deletions. Written after the change it
// records has committed; the action names are stable strings (`auth.login`, `share.granted`, ...).
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  record(entry: AuditEntry): Promise<void> {
    return this.repo.insert(entry);
  }
}
