// The app version shown in the UI and reported by app:info; kept in step with package.json by a test.
export const APP_VERSION = '0.1.0';
