// A loopback stand-in for AWS in front of moto that refuses kms:Decrypt, as a plan role's is.
// Runs as its own process, so a test may call kube-aws synchronously. Usage:
//   node kmsDecryptDeniedServer.mjs <moto endpoint> <file to append each KMS operation to>
// It prints its port on stdout once it listens.
import { Buffer } from 'node:buffer';
import { appendFileSync } from 'node:fs';
import { createServer, request } from 'node:http';

const [motoEndpoint, callLog] = process.argv.slice(2);
const target = new URL(motoEndpoint);
const server = createServer((incoming, answer) => {
  const chunks = [];
  incoming.on('data', (chunk) => chunks.push(chunk));
  incoming.on('end', () => {
    const operation = /^TrentService\.(\w+)$/.exec(
      String(incoming.headers['x-amz-target'] ?? ''),
    )?.[1];
    if (operation !== undefined) appendFileSync(callLog, `${operation}\n`);
    if (operation === 'Decrypt') {
      answer.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      answer.end(
        JSON.stringify({
          __type: 'AccessDeniedException',
          message:
            'User: arn:aws:sts::123456789012:assumed-role/plan/ci is not authorized to perform: kms:Decrypt',
        }),
      );
      return;
    }
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    forwarded.on('error', () => {
      answer.writeHead(502);
      answer.end();
    });
    forwarded.end(Buffer.concat(chunks));
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
