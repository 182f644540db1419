/** The project unauthenticated loopback requests land in while no API key exists. */
export const DEFAULT_PROJECT = 'default';
