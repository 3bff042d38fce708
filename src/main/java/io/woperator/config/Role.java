package io.woperator.config;

import java.util.Locale;

/**
 * What a credential lets its viewer do. Everyone watches; one viewer at a time drives the desktop.
 *
 * <ul>
 *   <li>{@link #VIEW}: watch only, never in control.</li>
 *   <li>{@link #CONTROL}: may drive; takes control when no one has it, else asks the viewer who has it.</li>
 *   <li>{@link #ADMIN}: takes control without asking and may hand it to any viewer who may drive.</li>
 * </ul>
 */
public enum Role {
    VIEW, CONTROL, ADMIN;

    public boolean mayControl() {
        return this != VIEW;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' must be view, control or admin");
    }
}
