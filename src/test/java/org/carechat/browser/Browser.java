package org.carechat.browser;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven by Selenium, with the waits the browser tests need. Both binaries are named
 * explicitly, so Selenium Manager never tries to download a browser or driver.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final WebDriverWait wait;
    private final String name;

    private Browser(String name, String... extraArguments) {
        this.name = name;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL")); // the console, for consoleErrors()
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-extensions",
                "--disable-sync",
                "--window-size=1280,800",
                "--lang=en-GB",
                "--autoplay-policy=no-user-gesture-required");
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, WAIT);
        this.wait.ignoring(StaleElementReferenceException.class); // the app re-renders rows and messages live
        desktop();
    }

    static Browser start(String name) {
        return new Browser(name);
    }

    /** A browser started with more command-line switches, e.g. a DevTools port for another client. */
    static Browser start(String name, String... extraArguments) {
        return new Browser(name, extraArguments);
    }

    /** A 1280×800 desktop viewport. */
    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
    }

    /** A phone's 390×844 viewport with touch. */
    void phone() {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
    }

    /**
     * Runs {@code js} in every document this browser loads from now on, before the page's own scripts; returns the
     * id for {@link #stopBeforeEachPage}.
     */
    String beforeEachPage(String js) {
        return (String) driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js))
                .get("identifier");
    }

    void stopBeforeEachPage(String id) {
        driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
    }

    /** Forgets the previous test's session: cookies and storage of the app's origin. */
    void reset(String base) {
        driver.get(base + "/actuator/health");
        driver.manage().deleteAllCookies();
        script("localStorage.clear(); sessionStorage.clear();");
        // Notifications refused, as a browser that was asked and said no: the one-time "Alerts on this device"
        // explanation and push subscriptions are PushBrowserTest's, which allows or resets this itself.
        notifications(base, "denied");
        desktop();
    }

    /** The notification permission of the app's origin: {@code granted}, {@code denied} or {@code prompt}. */
    void notifications(String base, String setting) {
        driver.executeCdpCommand(
                "Browser.setPermission",
                Map.of("permission", Map.of("name", "notifications"), "setting", setting, "origin", base));
    }

    void open(String url) {
        driver.get(url);
    }

    /** Signs in through the form and waits until the app is live. */
    void signIn(String base, String username, String password) {
        open(base + "/");
        type(By.id("username"), username);
        type(By.id("password"), password);
        find(By.cssSelector("form button[type=submit]")).click();
        waitForText(By.cssSelector(".connection"), "Connected");
        until(d -> d.findElement(By.id("conversation-list")).isDisplayed());
    }

    WebElement find(By by) {
        return until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    void type(By by, String text) {
        WebElement field = find(by);
        field.clear();
        field.sendKeys(text);
    }

    void click(By by) {
        until(d -> {
                    WebElement element = find(by);
                    return element.isEnabled() ? element : null;
                })
                .click();
    }

    /** Waits until the element's visible text contains {@code text}; returns the element. */
    WebElement waitForText(By by, String text) {
        return until(d -> {
            for (WebElement e : d.findElements(by)) {
                if (e.getText().contains(text)) {
                    return e;
                }
            }
            return null;
        });
    }

    void waitUntilGone(By by) {
        until(d -> d.findElements(by).stream().noneMatch(WebElement::isDisplayed));
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.withMessage(() -> name + ": " + driver.getCurrentUrl()).until(condition);
    }

    /** Runs an async script: its last argument is the callback to call with the result. */
    Object asyncScript(String js, Object... args) {
        return driver.executeAsyncScript(js, args);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void pressEnter(By by) {
        find(by).sendKeys(Keys.ENTER);
    }

    /**
     * The console's errors since the last call: uncaught exceptions and rejections, console.error, and requests for
     * files that are not there (404). Left out: the browser's own request for /favicon.ico on a page that names no
     * icon (the health page {@link #reset} opens), and what is the app working as it should: refused requests (401
     * from the session check, a refused sign-in) and a WebSocket that cannot connect while the server is away.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("/favicon.ico")) // asked for by pages without one (/actuator)
                .filter(message -> message.contains("status of 404")
                        || !message.contains("Failed to load resource") && !message.contains("WebSocket connection to"))
                .toList();
    }

    String title() {
        return driver.getTitle();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
