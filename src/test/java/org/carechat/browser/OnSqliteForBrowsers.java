package org.carechat.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.carechat.testing.PatientChannelsInitializer;
import org.carechat.testing.StorageInitializers;
import org.carechat.testing.TestClockConfig;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full CareChat server for browser tests: a fresh SQLite file, on a free port fixed before start so that
 * {@code carechat.public-url} (the WebSocket's allowed browser origin) is {@code http://localhost:<port>}. Browsers
 * use {@code localhost}, which Chromium treats as a secure context, so the {@code __Host-} session cookie works
 * over plain HTTP. A test may make it keep an answer back ({@link HeldAnswers}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import({TestClockConfig.class, HeldAnswers.class})
@ContextConfiguration(
        initializers = {StorageInitializers.Sqlite.class, BrowserPort.class, PatientChannelsInitializer.class})
public @interface OnSqliteForBrowsers {}
