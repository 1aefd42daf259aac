package org.carechat.security;

import org.carechat.testing.StorageInitializers;
import org.carechat.testing.TestClockConfig;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfig.class)
@ContextConfiguration(initializers = StorageInitializers.SqliteWithDefaultLimits.class)
class BruteForceSqliteTest extends BruteForceScenarios {}
