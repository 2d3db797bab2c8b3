import { default as root } from '../../eslint.config.mjs';

export default root;
