/** Id of the default rule set (MoH Decision 4800): the server grades with it unless asked otherwise, the dashboard starts on it. Its own module so the client imports it without the rule-set files. */
export const DEFAULT_RULE_SET_ID = 'moh-4800';
