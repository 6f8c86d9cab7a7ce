/** Sent in the AWS user agent and recorded on what we create. */
export const VERSION = '0.1.0';
