import { describe, expect, it } from 'vitest';
import {
  checkCredentials,
  CLOCK_SKEW_MS,
  credentialValidity,
  decodePem,
  generateCredentials,
  planCredentials,
  readCertificateDer,
} from '../src/index.js';
import { clusterConfig, contents, NOW } from './helpers.js';

const config = clusterConfig();

describe(credentialValidity, () => {
  it('is the time in which checkCredentials finds no certificate expired or not yet valid', async () => {
    const files = contents(await generateCredentials(config, new Map(), { now: NOW }));
    const dates = planCredentials(config)
      .filter((spec) => spec.kind !== 'key-pair')
      .map(
        (spec) =>
          readCertificateDer(
            decodePem('CERTIFICATE', files.get(spec.certificateFile)!, spec.certificateFile),
          ).certificate,
      );
    const validity = await credentialValidity(config, files);
    expect(validity).toEqual({
      validFrom: new Date(
        Math.max(...dates.map((certificate) => certificate.notBefore.value.getTime())) -
          CLOCK_SKEW_MS,
      ),
      validUntil: new Date(
        Math.min(...dates.map((certificate) => certificate.notAfter.value.getTime())),
      ),
    });
    const at = (time: number) => checkCredentials(config, files, new Date(time));
    const from = validity!.validFrom.getTime();
    const until = validity!.validUntil.getTime();
    expect(await at(from)).toEqual([]);
    expect(await at(until - 1)).toEqual([]);
    expect((await at(from - 1)).map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/^is not valid before /),
    );
    expect((await at(until)).map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/^expired on /),
    );
    // The analysis of a set is kept, the clock is each call's own: the same set is good again.
    expect(await at(from)).toEqual([]);
  });

  it('is undefined when no certificate can be read', async () => {
    expect(await credentialValidity(config, new Map())).toBeUndefined();
  });
});
