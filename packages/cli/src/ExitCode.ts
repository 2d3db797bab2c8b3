// Exit codes are shared with @kube-aws/asset-directory, whose errors carry them; the subpath loads
// that one file, not the library.
export { ExitCode } from '@kube-aws/asset-directory/ExitCode';
