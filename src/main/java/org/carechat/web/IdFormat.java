package org.carechat.web;

import java.util.regex.Pattern;

/**
 * The shape of an id a client may send: 1 to 64 letters, digits, or {@code - _ : .} (every id CareChat makes, a UUID,
 * fits). Ids are checked against it before they are used, so an id quoted back in an answer ("Conversation … was not
 * found") is never longer than that.
 */
public final class IdFormat {

    public static final int MAX_LENGTH = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_:.-]{1," + MAX_LENGTH + "}");

    private IdFormat() {}

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * @param what names the id for the caller, e.g. {@code "the conversation id in 'c'"}
     * @throws ApiProblem 400 naming {@code what}, never quoting the id, when {@code id} is not one
     */
    public static String require(String id, String what) {
        if (!isValid(id)) {
            throw ApiProblem.badRequest(
                    capitalised(what) + " must be 1 to " + MAX_LENGTH + " letters, digits or - _ : . (a UUID fits)");
        }
        return id;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
