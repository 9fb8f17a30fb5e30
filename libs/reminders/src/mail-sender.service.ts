// Delivers one outbox message: to the SMTP server at SMTP_URL, or, without one, as an .eml file in DATA_DIR/outbox.
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import type { MailStatus } from './mail-message.entity';

/** Temp files older than this were left by a process killed mid-write (no write takes an hour); swept at start. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** The longest last_error kept: enough for an SMTP server's answer, never a whole stack. */
const MAX_ERROR = 1000;

/** Short enough that a dead server fails the attempt well inside the job's lock, so the retry comes from BullMQ. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

export type SendOutcome =
  | { status: 'sent'; mailId: string }
  | { status: 'kept'; mailId: string; file: string }
  /** Already delivered, kept or given up by an earlier run (or gone): nothing done. */
  | { status: 'unchanged'; mailId: string; current: MailStatus | 'missing' };

interface MailRow {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string;
  status: MailStatus;
  createdOn: string;
}

const smtpTransport = (url: string) => createTransport({ url, ...SMTP_TIMEOUTS });
/** Builds the RFC 822 message without sending it (CRLF line ends, as on the wire). */
const composerTransport = () => createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

@Injectable()
export class MailSenderService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private smtp?: ReturnType<typeof smtpTransport>;
  private readonly composer = composerTransport();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Where mail is kept when no SMTP server is configured. */
  get outboxDir(): string {
    return join(this.config.dataDir, 'outbox');
  }

  private get tempDir(): string {
    return join(this.outboxDir, '.tmp');
  }

  /** Removes temp files a killed process left behind; young ones may belong to a write in flight elsewhere. */
  async onModuleInit(): Promise<void> {
    const names = await readdir(this.tempDir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
  }

  /**
   * Holds the row locked while it delivers, so two runs for one message take turns and the second finds it no longer
   * pending. A failure is recorded (attempts, last_error) and then rethrown, after the commit, for BullMQ to retry. A crash after the SMTP server accepted but before the commit sends the message again
   * on the retry, under the same Message-ID, which receiving systems recognise.
   */
  async send(mailId: string): Promise<SendOutcome> {
    let failure: unknown;
    const outcome = await this.dataSource.transaction(async (manager): Promise<SendOutcome | null> => {
      const rows = await manager.query<MailRow[]>(
        `SELECT id, to_address AS "toAddress", subject, text_body AS "textBody", status,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "createdOn"
           FROM mail_messages WHERE id = $1 FOR UPDATE`,
        [mailId],
      );
      const mail = rows[0];
      if (!mail || mail.status !== 'pending')
        return { status: 'unchanged', mailId, current: mail?.status ?? 'missing' };
      try {
        const result: SendOutcome = this.config.mail.smtpUrl
          ? await this.sendSmtp(this.config.mail.smtpUrl, mail)
          : await this.keep(mail);
        await manager.query(
          `UPDATE mail_messages SET status = $2, attempts = attempts + 1,
                  delivered_at = clock_timestamp() WHERE id = $1`,
          [mailId, result.status],
        );
        return result;
      } catch (err) {
        failure = err;
        await manager.query(`UPDATE mail_messages SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
          mailId,
          describe(err),
        ]);
        return null;
      }
    });
    if (!outcome) throw failure instanceof Error ? failure : new Error(describe(failure));
    return outcome;
  }

  /** Called once the send job has failed for good: the message is given up, visible as `failed` in the outbox. */
  async giveUp(mailId: string, error: Error): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_messages SET status = 'failed', last_error = coalesce(last_error, $2) WHERE id = $1 AND status = 'pending'`,
      [mailId, describe(error)],
    );
    this.logger.error(`Mail ${mailId} given up: ${error.message}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.smtp?.close();
    this.composer.close();
    return Promise.resolve();
  }

  private message(mail: MailRow) {
    return {
      from: this.config.mail.from,
      to: mail.toAddress,
      subject: mail.subject,
      text: mail.textBody,
      // One id per outbox row: a message sent again after a crash is the same message to whoever receives it.
      messageId: `<${mail.id}@vigia>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
  }

  private async sendSmtp(url: string, mail: MailRow): Promise<SendOutcome> {
    this.smtp ??= smtpTransport(url);
    await this.smtp.sendMail(this.message(mail));
    return { status: 'sent', mailId: mail.id };
  }

  /**
   * Writes the RFC 822 message to a temp file, fsyncs it and renames it into place, so the outbox never holds half a
   * message; the name is fixed by the row, so a re-run after a crash replaces the file rather than adding one.
   */
  private async keep(mail: MailRow): Promise<SendOutcome> {
    const info = await this.composer.sendMail(this.message(mail));
    const bytes = info.message as Buffer;
    await mkdir(this.tempDir, { recursive: true });
    const file = join(this.outboxDir, `${mail.createdOn}-${mail.id}.eml`);
    const temp = join(this.tempDir, `${mail.id}-${randomUUID()}`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await syncDirectory(this.outboxDir);
    return { status: 'kept', mailId: mail.id, file };
  }
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}

/** Makes the rename itself durable; best effort, since some platforms cannot open a directory. */
async function syncDirectory(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file's own fsync already happened; only the directory entry's durability is at stake.
  }
}
