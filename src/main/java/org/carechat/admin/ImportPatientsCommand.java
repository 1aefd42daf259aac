package org.carechat.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carechat.org.Organisation;
import org.carechat.patient.PatientService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code import-patients}: patient records from a CSV file, all or none. */
@Command(
        name = "import-patients",
        mixinStandardHelpOptions = true,
        description = "Imports patient records from a CSV file (mrn,given_name,family_name,birth_date,mobile,email); "
                + "a bad row imports nothing.")
final class ImportPatientsCommand implements Callable<Integer> {

    @ParentCommand
    CareChatCommand root;

    @Option(names = "--org", required = true, description = "organisation name or id")
    String org;

    @Parameters(paramLabel = "FILE", description = "the CSV file")
    Path file;

    @Override
    public Integer call() {
        String csv;
        try {
            csv = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        Organisation organisation = root.organisation(org);
        int imported = root.bean(PatientService.class).importCsv(organisation.id(), null, null, csv);
        root.out().println("imported " + imported + " patients into " + organisation.name());
        return AdminCli.OK;
    }
}
