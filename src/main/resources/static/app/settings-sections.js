// The sections of the console's settings page, in order. A section is one module exporting {id, title, render}:
// `render(me)` returns (or resolves to) the section's content, reading and saving its own settings. To add one,
// write its module and name it here.

import {attachmentsSection} from './settings-attachments.js';
import {ehrSection} from './settings-ehr.js';
import {legalHoldsSection} from './settings-legal-holds.js';
import {noticesSection} from './settings-notices.js';
import {practiceSection} from './settings-practice.js';
import {retentionSection} from './settings-retention.js';
import {signInSection} from './settings-sign-in.js';
import {ssoSection} from './settings-sso.js';
import {urgentSection} from './settings-urgent.js';

export const SETTINGS_SECTIONS = [
    practiceSection,
    signInSection,
    ssoSection,
    ehrSection,
    noticesSection,
    urgentSection,
    attachmentsSection,
    retentionSection,
    legalHoldsSection,
];
