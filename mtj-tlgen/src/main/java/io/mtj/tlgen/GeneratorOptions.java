package io.mtj.tlgen;

import org.jspecify.annotations.Nullable;

/**
 * What to generate.
 *
 * @param packageName target package ({@code io.mtj.api.mtproto})
 * @param schemaName file name shown in the generated header ({@code mtproto.tl})
 * @param binaryStrings map TL {@code string} to {@code byte[]} instead of {@code String}
 * @param serviceSpecials apply {@link ServiceSpecials} (rpc_result, message, msg_container)
 * @param registryClass simple name of the registry class
 * @param layerClass simple name of the class holding {@code LAYER}, emitted when the schema has a LAYER line
 */
public record GeneratorOptions(
        String packageName,
        String schemaName,
        boolean binaryStrings,
        boolean serviceSpecials,
        String registryClass,
        @Nullable String layerClass) {

    /** Defaults: strings as String, no specials, registry named after the last package segment, ApiLayer. */
    public static GeneratorOptions of(String packageName, String schemaName) {
        String last = packageName.substring(packageName.lastIndexOf('.') + 1);
        return new GeneratorOptions(packageName, schemaName, false, false, Names.pascal(last) + "Registry", "ApiLayer");
    }

    public GeneratorOptions withBinaryStrings(boolean value) {
        return new GeneratorOptions(packageName, schemaName, value, serviceSpecials, registryClass, layerClass);
    }

    public GeneratorOptions withServiceSpecials(boolean value) {
        return new GeneratorOptions(packageName, schemaName, binaryStrings, value, registryClass, layerClass);
    }
}
