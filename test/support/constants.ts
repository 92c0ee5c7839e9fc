/** The password of every demo account in the test template. */
export const DEMO_PASSWORD = 'test-demo-password';
