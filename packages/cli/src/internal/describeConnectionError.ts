/** Why a request to the API server got no answer, and whose fault that is. */
export interface ConnectionProblem {
  /** `credentials`: the kubeconfig does not fit the server; waiting will not help. */
  readonly fault: 'credentials' | 'unreachable';
  readonly message: string;
}

export interface ConnectionContext {
  readonly server: string;
  readonly kubeconfig: string;
  /** The TLS handshake had completed when the connection failed. */
  readonly secured: boolean;
  readonly hasClientCertificate: boolean;
}

// Node's codes for a server certificate that fails verification (X509_V_ERR_* without the prefix).
const UNTRUSTED_SERVER = /CERT|ISSUER|SIGNATURE|ALTNAME|HOSTNAME|INVALID_CA|CRL|CHAIN/;

/** Explains a failed connection to the API server without quoting any key or certificate. */
export function describeConnectionError(
  error: NodeJS.ErrnoException,
  context: ConnectionContext,
): ConnectionProblem {
  const { server, kubeconfig } = context;
  const code = error.code ?? error.name;
  const host = new URL(server).hostname;
  const fitsCluster = `is ${kubeconfig} the one kube-aws render wrote for this cluster, and does ${host} point at it?`;
  if (/^ERR_SSL_.*ALERT/.test(code)) {
    const reason = /alert [a-z ]+/.exec(error.message)?.[0] ?? code;
    return {
      fault: 'credentials',
      message: `the API server at ${server} refused the TLS handshake (${reason}): it does not accept the kubeconfig's client certificate; ${fitsCluster}`,
    };
  }
  if (
    (code === 'ECONNRESET' || code === 'EPIPE') &&
    context.secured &&
    context.hasClientCertificate
  )
    return {
      fault: 'credentials',
      message: `the API server at ${server} closed every connection right after the TLS handshake: it does not accept the kubeconfig's client certificate (signed by another CA?); ${fitsCluster}`,
    };
  if (!code.startsWith('ERR_') && UNTRUSTED_SERVER.test(code))
    return {
      fault: 'credentials',
      message: `the API server at ${server} presented a certificate that the kubeconfig's certificate-authority does not trust (${code}); ${fitsCluster}`,
    };
  if (/^ERR_(SSL|OSSL|TLS)_/.test(code))
    return {
      fault: 'credentials',
      message: `TLS with ${server} failed (${code}); ${fitsCluster}`,
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return {
      fault: 'unreachable',
      message: `cannot resolve ${host} (${code}): create its A record (kube-aws status shows the controller IP), or wait until DNS has it`,
    };
  if (code === 'ETIMEDOUT')
    return {
      fault: 'unreachable',
      message: `no answer from ${server} (${error.message}); is the stack up (kube-aws status), and is your address in apiAccessAllowedSourceCIDRs?`,
    };
  return {
    fault: 'unreachable',
    message: `cannot reach ${server}: ${code}; is the stack up? kube-aws status shows it, and the API answers a few minutes after CREATE_COMPLETE`,
  };
}
