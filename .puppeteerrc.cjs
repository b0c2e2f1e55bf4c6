/**
 * whatsapp-web.js pulls puppeteer; we never download its browser. The system Chromium
 * (Debian's /usr/bin/chromium, see WHATSAPP_WEB_CHROMIUM_PATH) is used instead.
 */
module.exports = { skipDownload: true };
