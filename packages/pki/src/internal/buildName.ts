import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

/** A subject: one CN, and the organisations (groups, to Kubernetes) of a client certificate. */
export interface SubjectName {
  readonly commonName: string;
  readonly organizations?: readonly string[];
}

/**
 * An X.509 Name with one attribute per RDN (`O=system:masters, CN=kube-admin`). pkijs puts every
 * attribute of a RelativeDistinguishedNames into one SET, a single multi-valued RDN that prints
 * as `CN=x+O=y` and that Kubernetes misreads, so the Name is encoded here and handed to pkijs as
 * already-encoded bytes.
 */
export function buildName(subject: SubjectName): pkijs.RelativeDistinguishedNames {
  const attributes: [string, string][] = [
    ...(subject.organizations ?? []).map((organization): [string, string] => [
      ORGANIZATION,
      organization,
    ]),
    [COMMON_NAME, subject.commonName],
  ];
  const name = new asn1js.Sequence({
    value: attributes.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: type }),
                new asn1js.Utf8String({ value }),
              ],
            }),
          ],
        }),
    ),
  });
  const decoded = asn1js.fromBER(name.toBER(false));
  return new pkijs.RelativeDistinguishedNames({ schema: decoded.result });
}
